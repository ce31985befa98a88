/** agora-rtm callbacks: payload schemas and dialect names. (Filled in by the agora-rtm family work.) */
import type { FamilyVocabulary } from '../../spec/vocabulary';

export const agoraRtmVocabulary: FamilyVocabulary = {
  profiles: ['agora-rtm'],
  callbacks: [],
};
