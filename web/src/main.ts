import { io, type Socket } from 'socket.io-client';
import { EVENTS, type ClientToServerEvents, type Sample, type ServerToClientEvents, type TopicInfo } from '../../src/protocol';
import './style.css';

// A plain topic list with live values; the wall display replaces it.
const root = document.getElementById('app') as HTMLElement;
const cells = new Map<string, HTMLElement>();

function show(sample: Sample): void {
  const cell = cells.get(sample.topic);
  if (!cell) return;
  cell.textContent = Object.entries(sample.values)
    .map(([name, value]) => `${name} ${value === null ? '—' : value}`)
    .join('   ');
}

async function start(): Promise<void> {
  const { topics } = (await (await fetch('/api/topics')).json()) as { topics: TopicInfo[] };
  const table = document.createElement('table');
  for (const { meta } of topics) {
    const row = table.insertRow();
    row.insertCell().textContent = meta.topic;
    row.insertCell().textContent = meta.title;
    const cell = row.insertCell();
    cell.className = 'values';
    cells.set(meta.topic, cell);
  }
  root.replaceChildren(table);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
  socket.on(EVENTS.dashboardUpdate, (batch) => batch.forEach(show));
  socket.on('connect', () => {
    socket.emit(EVENTS.subscribe, { topics: topics.map((t) => t.meta.topic) }, (ack) => {
      if (ack.ok) for (const entry of ack.topics) entry.history.slice(-1).forEach(show);
    });
  });
}

void start();
