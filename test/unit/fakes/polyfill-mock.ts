/**
 * What every popup test puts in place of webextension-polyfill (through jest.mock, so it has no imports): each key
 * stands for its own message, and the runtime's calls are jest mocks the fixture drives.
 */
export function polyfillMock() {
  return {
    __esModule: true,
    default: {
      i18n: {
        getMessage: (key: string, substitutions?: string | string[]) =>
          substitutions === undefined ? key : `${key}:${String(substitutions)}`,
        getUILanguage: () => 'fr',
      },
      runtime: { sendMessage: jest.fn(), openOptionsPage: jest.fn() },
    },
  };
}
