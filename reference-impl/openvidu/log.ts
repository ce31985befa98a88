/**
 * Diagnostic lines of the OpenVidu reference implementation, on stderr, only when FAULTLINE_LOG names
 * `openvidu` (e.g. FAULTLINE_LOG=openvidu). Read at call time so a test can switch it on.
 */
export type Log = (message: string) => void;

function enabled(): boolean {
  return (process.env.FAULTLINE_LOG ?? '')
    .split(',')
    .map((s) => s.trim())
    .some((s) => s === 'openvidu' || s === 'all');
}

export function createLog(scope: string): Log {
  return (message: string) => {
    if (enabled()) process.stderr.write(`${new Date().toISOString()} [openvidu:${scope}] ${message}\n`);
  };
}
