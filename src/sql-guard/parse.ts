// Parses query text with the real PostgreSQL grammar (libpg-query) and turns every parser failure
// into a short SQL_REJECTED that gives a position but never the parser's text (which quotes tokens).

import { hasSqlDetails, type ParseResult, parse } from 'libpg-query';
import { reject } from './reject.js';

export async function parseQuery(sqlText: string): Promise<ParseResult> {
  try {
    return await parse(sqlText);
  } catch (err) {
    if (hasSqlDetails(err) && typeof err.sqlDetails?.cursorPosition === 'number') {
      // libpg-query reports a 0-based character offset; PostgreSQL users expect 1-based positions.
      reject(`The query could not be parsed: syntax error at position ${err.sqlDetails.cursorPosition + 1}.`);
    }
    // RangeError (grammar recursion too deep) and anything else: same refusal, no details.
    reject('The query could not be parsed.');
  }
}
