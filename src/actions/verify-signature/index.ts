import { runInRunner } from '../../core/action.js';
import { verifySignature } from './main.js';

await runInRunner(verifySignature);
