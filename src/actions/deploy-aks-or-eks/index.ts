import { runInRunner } from '../../core/action.js';
import { deployAksOrEks } from './main.js';

await runInRunner(deployAksOrEks);
