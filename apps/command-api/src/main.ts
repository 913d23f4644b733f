import { rootLogger } from '@acc/consumers';
import { loadConfig } from './config';
import { serve } from './serve';

serve(loadConfig()).catch((error: unknown) => {
  rootLogger().fatal({ name: 'main', error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error' }, 'failed to start');
  process.exit(1);
});
