/**
 * Which reference-implementation mutant breaks which clause. Kept on the harness side: the reference
 * implementation names its mutants (reference-impl/<family>/mutants.ts) but knows nothing of clause ids.
 * Every clause in the catalogue needs at least one mutant here, and every mutant must be caught.
 */
export const CLAUSE_MUTANTS: Record<string, string[]> = {
  // Agora RTM (seed 003)
  'RTM-ABORT-002': ['agora-rtm-login-after-abort-refused'],
  'RTM-ABORT-001': ['agora-rtm-remote-login-wrong-reason', 'agora-rtm-remote-login-keeps-reconnecting', 'agora-rtm-remote-login-no-kick'],
  'RTM-LOGIN-001': ['agora-rtm-initial-state-wrong'],
  'RTM-LOGIN-002': ['agora-rtm-login-no-connecting'],
  'RTM-LOGIN-003': ['agora-rtm-login-no-connecting', 'agora-rtm-login-success-missing', 'agora-rtm-login-success-extra-field'],
  'RTM-LOGIN-004': ['agora-rtm-login-failure-missing', 'agora-rtm-login-failure-wrong-reason'],
  'RTM-LOGIN-005': ['agora-rtm-login-timeout-late', 'agora-rtm-login-timeout-wrong-code', 'agora-rtm-login-timeout-keeps-trying'],
  'RTM-LOGOUT-001': ['agora-rtm-logout-missing-callback', 'agora-rtm-logout-wrong-code'],
  'RTM-LOGOUT-002': ['agora-rtm-logout-missing-callback', 'agora-rtm-logout-wrong-code', 'agora-rtm-logout-keeps-reconnecting'],
  'RTM-PRESENCE-001': ['agora-rtm-not-online-after-login'],
  'RTM-PRESENCE-002': ['agora-rtm-grace-short', 'agora-rtm-grace-long', 'agora-rtm-online-list-kept'],
  'RTM-PRESENCE-003': ['agora-rtm-no-member-left'],
  'RTM-PRESENCE-004': ['agora-rtm-member-joined-ios-name', 'agora-rtm-no-member-joined-on-return'],
  'RTM-RECON-001': ['agora-rtm-interrupted-early', 'agora-rtm-interrupted-late', 'agora-rtm-interrupted-on-close', 'agora-rtm-interrupted-wrong-reason'],
  'RTM-RECON-002': ['agora-rtm-reconnect-gives-up', 'agora-rtm-reconnect-slow-backoff'],
  'RTM-RECON-003': ['agora-rtm-join-success-missing'],
  'RTM-RECON-004': ['agora-rtm-resume-announces-member'],
  'RTM-RECON-005': ['agora-rtm-rejoin-skips-channels', 'agora-rtm-attributes-not-resynced'],
  'RTM-RECON-006': ['agora-rtm-reconnect-login-success'],
  'RTM-STATE-001': ['agora-rtm-reconnected-twice'],
  'RTM-TOKEN-001': ['agora-rtm-token-expired-missing', 'agora-rtm-token-expired-changes-state', 'agora-rtm-token-expired-repeated', 'agora-rtm-token-not-checked-on-relogin'],
};
