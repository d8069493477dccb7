import { runInRunner } from '../../core/action.js';
import { notationSign } from './main.js';

await runInRunner(notationSign);
