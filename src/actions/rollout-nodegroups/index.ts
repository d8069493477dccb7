import { runInRunner } from '../../core/action.js';
import { rolloutNodegroups } from './main.js';
await runInRunner(rolloutNodegroups);
