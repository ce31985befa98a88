/**
 * Custom parameter types, so steps never parse strings themselves: {user}, {duration}, {callback},
 * {link}, {dialect}, {profile}, {side}.
 */
import { defineParameterType } from '@cucumber/cucumber';
import type { Dialect, Plane, ProfileId } from '../contract/sdk-driver';
import { CALLBACK_PATTERN_REGEXP, parseCallbackPattern } from './expect/callback-pattern';
import type { Link } from './faults/fault-kinds';

defineParameterType({ name: 'user', regexp: /[A-Z]|\d+/, transformer: (s: string) => s });

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, second: 1000, seconds: 1000, min: 60000, minute: 60000, minutes: 60000 };

/** A documented duration, in nominal (unscaled) milliseconds. */
defineParameterType({
  name: 'duration',
  regexp: /\d+(?:\.\d+)? ?(?:ms|seconds?|s|minutes?|min)/,
  transformer: (s: string) => {
    const m = /^(\d+(?:\.\d+)?) ?(ms|seconds?|s|minutes?|min)$/.exec(s)!;
    return Number(m[1]) * UNIT_MS[m[2]!]!;
  },
});

defineParameterType({ name: 'callback', regexp: CALLBACK_PATTERN_REGEXP, transformer: (s: string) => parseCallbackPattern(s) });

export interface LinkChoice {
  planes: Plane[] | 'all';
  link: Link;
}

/** `uplink`, `downlink`, `network` (both directions), optionally of one plane: `signaling uplink`, `media network`. */
defineParameterType({
  name: 'link',
  regexp: /(?:signaling |media )?(?:uplink|downlink|network)/,
  transformer: (s: string): LinkChoice => {
    const [first, second] = s.split(' ') as [string, string | undefined];
    const planes: Plane[] | 'all' = second ? [first as Plane] : 'all';
    const word = second ?? first;
    return { planes, link: word === 'uplink' ? 'uplink' : word === 'downlink' ? 'downlink' : 'both' };
  },
});

defineParameterType({ name: 'dialect', regexp: /native-android|native-ios|web|cpp|browser/, transformer: (s: string) => s as Dialect });
defineParameterType({
  name: 'profile',
  regexp: /agora-rtc-legacy|agora-rtc|agora-web|agora-rtm|openvidu/,
  transformer: (s: string) => s as ProfileId,
});
defineParameterType({ name: 'side', regexp: /before|after/, transformer: (s: string) => s as 'before' | 'after' });
