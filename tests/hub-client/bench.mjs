// Hub benchmark client: opens many connections to /hubs/dispatch with the given cookies (one
// cookie per department account, connections spread over them) and reports every notice's
// arrival as JSON lines {"w": whistleId, "t": epochMs, "c": connection}.
// In: "stop" on stdin closes everything. Out: {"type":"ready","connected":N,"failed":M} first.
// Usage: node bench.mjs <baseUrl> <cookiesFile> <connections> [firstIndex]
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

const [baseUrl, cookiesFile, count, firstIndex = '0'] = process.argv.slice(2);
const offset = Number(firstIndex);
const cookies = JSON.parse(await readFile(cookiesFile, 'utf8'));
const url = new URL('/hubs/dispatch', baseUrl).toString();
const out = [];
const flush = () => {
  if (out.length > 0) {
    process.stdout.write(out.join('\n') + '\n');
    out.length = 0;
  }
};
setInterval(flush, 200).unref();

const connections = [];
let failed = 0;
const open = async (local) => {
  const index = offset + local;
  const connection = new HubConnectionBuilder()
    .withUrl(url, { headers: { Cookie: cookies[index % cookies.length] }, transport: HttpTransportType.WebSockets, skipNegotiation: true })
    .configureLogging(LogLevel.None)
    .build();
  connection.on('Notice', (notice) => {
    if (notice.kind === 'WhistleBlown') {
      out.push(JSON.stringify({ w: notice.whistleId, t: performance.timeOrigin + performance.now(), c: index }));
    }
  });
  try {
    await connection.start();
    connections.push(connection);
  } catch {
    failed++;
  }
};

const total = Number(count);
for (let i = 0; i < total; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, k) => open(i + k)));
}
process.stdout.write(JSON.stringify({ type: 'ready', connected: connections.length, failed }) + '\n');

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stop') {
    break;
  }
}
flush();
await Promise.all(connections.map((c) => c.stop()));
process.stdout.write(JSON.stringify({ type: 'done' }) + '\n');
process.exit(0);
