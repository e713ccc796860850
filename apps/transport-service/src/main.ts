import 'reflect-metadata';
import { bootstrapService } from '@logisync/event-runtime';
import { AppModule } from './app.module';
import { setUpOpenApi } from './api/http/open-api';
import { loadConfig } from './config';

void bootstrapService('transport-service', {
  loadConfig: () => loadConfig(),
  module: (config) => AppModule.register(config),
  configure: setUpOpenApi,
  // rawBody: carrier webhooks are verified over the exact bytes received (req.rawBody).
  nestOptions: { rawBody: true },
});
