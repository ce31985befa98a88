/** openvidu clauses. (Filled in by the openvidu family work.) */
import type { Clause } from '../clause';

export const OPENVIDU_CLAUSES: Clause[] = [];
