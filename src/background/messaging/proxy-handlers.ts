import type { ProxyControl, StateSnapshot } from '../../shared/protocol';
import type { AccountService } from '../auth/account-service';
import type { ProxyController } from '../proxy/controller';
import type { ProxyState } from '../proxy/state';
import { parseEmpty, refuse, unexpectedFields } from './message-check';
import type { Handler } from './message-router';
import type { TelemetryService } from '../telemetry/telemetry-service';

export interface ProxyServices {
  controller: ProxyController;
  account: AccountService;
  telemetry: TelemetryService;
  /** Opens the captive portal's login page in a new tab; fails when no portal is known. */
  openCaptivePortal(): Promise<void>;
}

const CONTROLS: readonly string[] = ['toggleButton', 'stateButton'] satisfies ProxyControl[];

/** What our pages may see: the state's name, its retry time, the email. Never a token. */
export function snapshotOf(state: ProxyState, email: string | undefined): StateSnapshot {
  const snapshot: StateSnapshot = { state: state.name };
  if ('retryAt' in state) snapshot.retryAt = state.retryAt;
  if (email !== undefined) snapshot.email = email;
  return snapshot;
}

function snapshotNow({ controller, account }: ProxyServices): StateSnapshot {
  return snapshotOf(controller.current(), account.email());
}


/** Messages about the proxy and the account, from our own pages only: none of them ever answers with a token. */
export function proxyHandlers(services: Promise<ProxyServices>) {
  const afterDispatch = async (work: (ready: ProxyServices) => Promise<void>) => {
    const ready = await services;
    await work(ready);
    return snapshotNow(ready);
  };
  return {
    'state.get': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'state.get' as const }),
      handle: async () => snapshotNow(await services),
    } satisfies Handler<'state.get'>,
    'auth.signIn': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'auth.signIn' as const }),
      handle: () => afterDispatch(({ controller }) => controller.dispatch({ type: 'signIn' })),
    } satisfies Handler<'auth.signIn'>,
    'auth.signOut': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'auth.signOut' as const }),
      handle: () => afterDispatch(({ controller }) => controller.dispatch({ type: 'signOut' })),
    } satisfies Handler<'auth.signOut'>,
    'proxy.retry': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'proxy.retry' as const }),
      handle: () => afterDispatch(({ controller }) => controller.dispatch({ type: 'retryNow' })),
    } satisfies Handler<'proxy.retry'>,
    'captivePortal.open': {
      channels: ['extensionPage'],
      parse: (message) => parseEmpty(message, { type: 'captivePortal.open' as const }),
      handle: async () => {
        await (await services).openCaptivePortal();
        return {};
      },
    } satisfies Handler<'captivePortal.open'>,
    'proxy.setEnabled': {
      channels: ['extensionPage'],
      parse(message) {
        const extra = unexpectedFields(message, ['enabled', 'via']);
        if (extra) return refuse(extra);
        if (typeof message.enabled !== 'boolean') return refuse('enabled must be true or false');
        if (typeof message.via !== 'string' || !CONTROLS.includes(message.via)) {
          return refuse(`via must be one of ${CONTROLS.join(', ')}, got ${JSON.stringify(message.via)}`);
        }
        return { ok: true, value: { type: 'proxy.setEnabled', enabled: message.enabled, via: message.via as ProxyControl } };
      },
      async handle({ enabled, via }) {
        const ready = await services;
        if (!ready.account.isSignedIn()) throw new Error('sign in before turning the proxy on or off');
        await ready.controller.dispatch({ type: 'setEnabled', enabled });
        // Recorded here, for the click, and nowhere else: automatic changes never count as the user's.
        await ready.telemetry.record({ method: 'general', object: enabled ? 'proxyEnabled' : 'proxyDisabled', value: via });
        return snapshotNow(ready);
      },
    } satisfies Handler<'proxy.setEnabled'>,
  };
}
