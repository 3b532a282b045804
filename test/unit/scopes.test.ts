// Where a token's scopes come from: `scope` (RFC 9068), or `scp` as Okta (array) and Entra ID
// (space-separated string) send it; anything that is not a scope token is dropped.
import { describe, expect, it } from 'vitest';
import { scopesFromClaims } from '../../src/auth/scopes.js';

describe('scopesFromClaims', () => {
  it('reads scope, and scp as an array or as a string', () => {
    expect(scopesFromClaims({ scope: 'retail.export retail.customers.pii' })).toEqual(['retail.export', 'retail.customers.pii']);
    expect(scopesFromClaims({ scp: ['retail.export'] })).toEqual(['retail.export']);
    expect(scopesFromClaims({ scp: 'retail.export retail.customers.pii' })).toEqual(['retail.export', 'retail.customers.pii']);
    expect(scopesFromClaims({ scope: 'retail.export', scp: ['retail.customers.pii'] })).toEqual(['retail.export']);
  });

  it('drops duplicates, empty parts and what is not a scope token', () => {
    expect(scopesFromClaims({ scope: 'a  a "b" c\\d' })).toEqual(['a']);
    expect(scopesFromClaims({ scp: [1, null, 'ok', { x: 1 }] })).toEqual(['ok']);
    expect(scopesFromClaims({})).toEqual([]);
  });
});
