import type { Hub } from '../hub/hub';
import { EVENTS } from '../protocol';
import { topicRoom } from './rooms';
import type { LivewallServer } from './types';

/**
 * Sends each sample and status change to its topic's room only. One emit per
 * sample, whatever the number of viewers: Socket.IO encodes it once per room.
 * Returns a function that stops the fan-out.
 */
export function startFanOut(io: LivewallServer, hub: Hub): () => void {
  const offSample = hub.on('sample', (sample) => {
    io.to(topicRoom(sample.topic)).emit(EVENTS.dashboardUpdate, [sample]);
  });
  const offStatus = hub.on('status', (topic, status) => {
    io.to(topicRoom(topic)).emit(EVENTS.topicStatus, { topic, status });
  });
  return () => {
    offSample();
    offStatus();
  };
}
