// A hub client for the tests: signs in as a user, connects to /hubs/dispatch and then speaks
// JSON lines. Out: {"type":"ready"}, {"type":"notice","notice":{…}}, {"type":"result","id":…,"ok":…,"error":…}.
// In: {"id":…,"method":"Acknowledge","args":[…]} invokes a hub method.
// Usage: node probe.mjs <baseUrl> <userName> <password>
import { HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';
import { createInterface } from 'node:readline';
import { signIn } from './auth.mjs';

const [baseUrl, userName, password] = process.argv.slice(2);
const write = (value) => process.stdout.write(JSON.stringify(value) + '\n');

try {
  const cookie = await signIn(baseUrl, userName, password);
  const connection = new HubConnectionBuilder()
    .withUrl(new URL('/hubs/dispatch', baseUrl).toString(), { headers: { Cookie: cookie }, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.Error)
    .build();
  connection.on('Notice', (notice) => write({ type: 'notice', notice }));
  connection.onclose((error) => write({ type: 'closed', error: error?.message ?? null }));
  await connection.start();
  write({ type: 'ready' });

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) {
      continue;
    }
    const { id, method, args } = JSON.parse(line);
    try {
      const value = await connection.invoke(method, ...(args ?? []));
      write({ type: 'result', id, ok: true, value: value ?? null });
    } catch (error) {
      write({ type: 'result', id, ok: false, error: error.message });
    }
  }
  await connection.stop();
} catch (error) {
  write({ type: 'fatal', error: error.message });
  process.exitCode = 1;
}
