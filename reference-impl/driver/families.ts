/** Which family host serves which profile. */
import type { ProfileId } from '../../contract/sdk-driver';
import type { FamilyHost } from './family-host';

export type FamilyName = 'agora-rtc' | 'agora-rtm' | 'openvidu';

export const FAMILY_OF_PROFILE: Record<ProfileId, FamilyName> = {
  'agora-rtc': 'agora-rtc',
  'agora-rtc-legacy': 'agora-rtc',
  'agora-web': 'agora-rtc',
  'agora-rtm': 'agora-rtm',
  openvidu: 'openvidu',
};

/** Loaded on first use, so a process hosting one client loads only its own family. */
export function loadFamilyHost(family: FamilyName): FamilyHost {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`../${family}/host`) as { host: FamilyHost };
  return mod.host;
}
