import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

let loaded: typeof ExcelJSModule | undefined;

/**
 * ExcelJS, loaded on first use: loading it takes about as long as the rest of the server's
 * modules together, and a server start or `klynge --help` does not need it. Synchronous (a CommonJS
 * require, cached after the first call) so the workbook builders stay synchronous.
 */
export function excelJS(): typeof ExcelJSModule {
  loaded ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJSModule;
  return loaded;
}
