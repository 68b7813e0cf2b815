import { consoleLogger, errorMessage } from '../../../../src/background/util/logger';

describe('errorMessage', () => {
  it.each([
    [new Error('boom'), 'boom'],
    ['plain text', 'plain text'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('reads %p as %j', (error, message) => {
    expect(errorMessage(error)).toBe(message);
  });
});

describe('consoleLogger', () => {
  it("prefixes the add-on's name, so its lines stand out in Firefox's console", () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      consoleLogger.warn('slow');
      consoleLogger.error('failed', { code: 7 });
      expect([warn.mock.calls, error.mock.calls]).toEqual([
        [['[secure-proxy] slow', '']],
        [['[secure-proxy] failed', { code: 7 }]],
      ]);
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
