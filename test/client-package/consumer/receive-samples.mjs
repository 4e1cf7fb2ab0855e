// A Node user of the installed package: prints the first live samples of a topic as JSON
// lines, then closes the client and lets the process end on its own.
// Usage: node receive-samples.mjs <server url> <topic> <count>
import { createLivewallClient } from '@livewall/client';

const [url, topic, count] = process.argv.slice(2);
const client = createLivewallClient({ url, topics: [topic] });
client.on('state', (state) => console.error(`state: ${JSON.stringify(state)}`));
client.on('error', (err) => console.error(`error: ${err.message}`));

const giveUp = setTimeout(() => {
  console.error(`no ${count} samples within 10 s; state ${client.state.status}`);
  process.exitCode = 1;
  client.close();
}, 10_000);

let received = 0;
client.on('samples', (_topic, samples) => {
  for (const sample of samples.slice(0, Number(count) - received)) console.log(JSON.stringify(sample));
  received += samples.length;
  if (received < Number(count)) return;
  clearTimeout(giveUp);
  client.close();
});
