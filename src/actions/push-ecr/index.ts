import { runInRunner } from '../../core/action.js';
import { pushEcr } from './main.js';

await runInRunner(pushEcr);
