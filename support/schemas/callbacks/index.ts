/** Every family's callback vocabulary and payload schemas. A new family adds one line here. */
import type { FamilyVocabulary } from '../../catalogue/vocabulary';
import { agoraRtcVocabulary } from './agora-rtc';
import { agoraRtmVocabulary } from './agora-rtm';
import { openviduVocabulary } from './openvidu';

export const FAMILY_VOCABULARIES: readonly FamilyVocabulary[] = [agoraRtcVocabulary, agoraRtmVocabulary, openviduVocabulary];
