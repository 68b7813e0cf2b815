import { NetworkPrediction } from '../../../../src/background/network/network-prediction';
import { RecordingLogger } from '../../fakes/recording-logger';

function setup() {
  const calls: string[] = [];
  const failNext = { value: false };
  const setting = {
    set: ({ value }: { value: boolean }) => {
      calls.push(`set ${String(value)}`);
      if (failNext.value) {
        failNext.value = false;
        return Promise.reject(new Error('setting is controlled by another extension'));
      }
      return Promise.resolve(true);
    },
    clear: () => {
      calls.push('clear');
      return Promise.resolve(true);
    },
  };
  const logger = new RecordingLogger();
  return { prediction: new NetworkPrediction(setting, logger), calls, failNext, logger };
}

describe('NetworkPrediction', () => {
  it('turns prediction off while on and gives the user their own value back when off', async () => {
    const { prediction, calls } = setup();
    await prediction.apply(true);
    await prediction.apply(false);
    expect(calls).toEqual(['set false', 'clear']);
  });

  it('touches the setting only when the protection changes', async () => {
    const { prediction, calls } = setup();
    await prediction.apply(true);
    await prediction.apply(true);
    await prediction.apply(false);
    await prediction.apply(false);
    expect(calls).toEqual(['set false', 'clear']);
  });

  it('logs a refused change and tries again next time', async () => {
    const { prediction, calls, failNext, logger } = setup();
    failNext.value = true;
    await prediction.apply(true);
    expect(logger.errors).toEqual(['could not change the network prediction setting']);
    await prediction.apply(true);
    expect(calls).toEqual(['set false', 'set false']);
  });
});
