import { runInRunner } from '../../core/action.js';
import { buildHardenAmi } from './main.js';

await runInRunner(buildHardenAmi);
