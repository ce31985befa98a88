/**
 * The OpenVidu family host (profile `openvidu`, dialect `browser`): starts the reference openvidu-server-like
 * server and creates openvidu-browser-like clients. See docs/reference-impl/openvidu.md.
 */
import type { FamilyHost } from './contract';
import { OpenViduClient } from './sdk/openvidu-client';
import { startOpenViduServer } from './server/openvidu-server';

export const host: FamilyHost = {
  async startServer(request) {
    if (request.profile !== 'openvidu') throw new Error(`the openvidu host serves profile 'openvidu', not '${request.profile}'`);
    return startOpenViduServer(request);
  },
  async createClient(spec, emit) {
    if (spec.profile !== 'openvidu') throw new Error(`the openvidu host serves profile 'openvidu', not '${spec.profile}'`);
    return new OpenViduClient(spec, emit);
  },
};
