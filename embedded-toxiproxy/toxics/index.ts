/** Loads every toxic so each registers itself under its type name. */
import './noop';
import './latency';
import './bandwidth';
import './slow_close';
import './timeout';
import './reset_peer';
import './slicer';
import './limit_data';

export { toxicDefinition } from './registry';
export type { ToxicDefinition, ToxicWrapper } from './toxic';
