/** agora-rtm clauses. (Filled in by the agora-rtm family work.) */
import type { Clause } from '../clause';

export const AGORA_RTM_CLAUSES: Clause[] = [];
