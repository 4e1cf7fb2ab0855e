/** The Socket.IO room of a topic. Every room name is spelt here and nowhere else. */
export function topicRoom(topic: string): string {
  return `topic:${topic}`;
}
