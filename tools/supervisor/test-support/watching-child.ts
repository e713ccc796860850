// A stand-in for a service: serves HTTP and stops itself when its supervisor is gone.
import { createServer } from 'node:http';
import { stopWhenOrphaned } from '@logisync/event-runtime';

createServer((_request, response) => response.end('ok')).listen(
  Number(process.env['PORT']),
  '127.0.0.1',
);
stopWhenOrphaned('watching-child', undefined, 200);
process.on('SIGTERM', () => process.exit(0));
