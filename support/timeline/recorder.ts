/**
 * What a driver event becomes in the timeline: a callback checked against its family's vocabulary and strict
 * payload schema (a probe against the probe schemas); an unknown client, name or payload is a problem entry
 * nobody asserted, which fails the scenario (FL-C-SCHEMA / FL-C-PROTOCOL).
 */
import { z } from 'zod';
import type { Dialect, DriverEvent, ProfileId } from '../../contract/sdk-driver';
import { definitionByDialectName } from '../catalogue/vocabulary';
import { CONFORMANCE_CODES } from '../errors';
import { probeSchema } from '../schemas/probes';
import type { EventLog } from './event-log';

export interface RecordedUser {
  label: string;
  clientId: string;
  profile: ProfileId;
  dialect: Dialect;
}

/** `userOf`: the scenario's user with this client id (a map lookup: a scale scenario has 1,000 users). */
export function recordEvent(log: EventLog, userOf: (clientId: string) => RecordedUser | undefined, event: DriverEvent): void {
  const user = userOf(event.clientId);
  if (!user) {
    log.add({ kind: 'problem', code: CONFORMANCE_CODES.PROTOCOL, message: `event ${event.name} for unknown client "${event.clientId}"`, asserted: false });
    return;
  }
  const entry = { kind: 'callback' as const, user: user.label, name: event.name, payload: event.payload, driverTs: event.ts };
  const problem = (detail: string) =>
    log.add({
      kind: 'problem',
      code: CONFORMANCE_CODES.SCHEMA,
      message: `user ${user.label} (${user.profile}/${user.dialect}) got ${event.name}(${JSON.stringify(event.payload)}) that fails its schema:\n${detail}`,
      asserted: false,
    });
  if (event.name.startsWith('probe:')) {
    const schema = probeSchema(event.name);
    const parsed = schema?.safeParse(event.payload);
    if (!schema || !parsed?.success) problem(schema ? z.prettifyError(parsed!.error!) : 'unknown probe name');
    log.add(entry);
    return;
  }
  const definition = definitionByDialectName(user.profile, user.dialect, event.name);
  if (!definition) {
    problem(`no callback of that name in the ${user.profile} profile's ${user.dialect} dialect`);
    log.add(entry);
    return;
  }
  const parsed = definition.payload.safeParse(event.payload);
  if (!parsed.success) problem(z.prettifyError(parsed.error));
  log.add({ ...entry, canonical: definition.canonical });
}
