/** openvidu callbacks: payload schemas and dialect names. (Filled in by the openvidu family work.) */
import type { FamilyVocabulary } from '../../spec/vocabulary';

export const openviduVocabulary: FamilyVocabulary = {
  profiles: ['openvidu'],
  callbacks: [],
};
