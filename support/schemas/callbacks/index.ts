/** Every family's callback vocabulary and payload schemas. A new family adds one line here. */
import type { FamilyVocabulary } from '../../spec/vocabulary';
import { agoraRtcVocabulary } from './agora-rtc';

export const FAMILY_VOCABULARIES: readonly FamilyVocabulary[] = [agoraRtcVocabulary];
