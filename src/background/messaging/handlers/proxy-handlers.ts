import type { OnOffControl } from '../../../shared/protocol';
import type { AccountService } from '../../auth/account-service';
import { describeValue, refuse, unexpectedFields } from '../message-check';
import type { HandlerTable } from '../message-router';
import { type SnapshotSource, snapshotAfter, snapshotNow } from '../snapshot';
import { pageCommand } from './page-command';

export interface ProxyHandlerServices extends SnapshotSource {
  account: Pick<AccountService, 'email' | 'isSignedIn'>;
}

const CONTROLS: readonly string[] = ['toggleButton', 'stateButton', 'settingsSwitch'] satisfies OnOffControl[];

/** The proxy's state and the popup's controls, from our own pages only: none of them ever answers with a token. */
export function proxyHandlers(
  services: Promise<ProxyHandlerServices>,
): Pick<HandlerTable, 'state.get' | 'proxy.setEnabled' | 'proxy.retry'> {
  return {
    'state.get': pageCommand('state.get', async () => snapshotNow(await services)),
    'proxy.setEnabled': {
      channels: ['extensionPage'],
      parse(message) {
        const extra = unexpectedFields(message, ['enabled', 'via']);
        if (extra) return refuse(extra);
        if (typeof message.enabled !== 'boolean') return refuse('enabled must be true or false');
        if (typeof message.via !== 'string' || !CONTROLS.includes(message.via)) {
          return refuse(`via must be one of ${CONTROLS.join(', ')}, got ${describeValue(message.via)}`);
        }
        return {
          ok: true,
          value: { type: 'proxy.setEnabled', enabled: message.enabled, via: message.via as OnOffControl },
        };
      },
      async handle({ enabled, via }) {
        const ready = await services;
        if (!ready.account.isSignedIn()) throw new Error('sign in before turning the proxy on or off');
        // The control goes with the click: the controller records it only if the click changed the state (not when
        // already there, not while signing in), and never waits on telemetry to do so. The settings switch is not one
        // of the plan's controls, so its click changes the state and records nothing.
        await ready.controller.dispatch(
          via === 'settingsSwitch' ? { type: 'setEnabled', enabled } : { type: 'setEnabled', enabled, via },
        );
        return snapshotNow(ready);
      },
    },
    'proxy.retry': pageCommand('proxy.retry', () => snapshotAfter(services, { type: 'retryNow' })),
  };
}
