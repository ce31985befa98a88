/**
 * The record of one scenario that the After hook attaches to cucumber's messages (contract/timeline.ts):
 * its timeline, judged expectations and measurements, every instant relative to the scenario's origin.
 */
import type { TimelineRecord } from '../../contract/timeline';
import type { FaultlineWorld } from '../world';

export function scenarioRecord(world: FaultlineWorld): TimelineRecord {
  const origin = world.timeline.startedAt;
  return {
    scenario: world.scenarioName,
    clauses: world.clauses.map((c) => c.id),
    timeScale: world.time?.scale ?? 0,
    origin,
    users: [...world.users.values()].map((u) => ({ label: u.label, profile: u.profile, dialect: u.dialect, planes: world.faults.planesOf(u.label) })),
    entries: world.timeline.all().map((e) => ({ ...e, at: e.at - origin })),
    judged: world.judged.map(({ anchorAt, fromAt, toAt, measuredAt, ...rest }) => ({
      ...rest,
      anchorAt: anchorAt - origin,
      from: fromAt - origin,
      to: toAt - origin,
      ...(measuredAt !== undefined ? { measured: measuredAt - anchorAt, measuredAt: measuredAt - origin } : {}),
    })),
    measurements: world.measurements,
    lateness: world.lateness.overall(),
  };
}
