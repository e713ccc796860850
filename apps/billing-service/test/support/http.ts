export { httpClient, type HttpResult } from '@logisync/test-kit';
