/**
 * Holds proxy.onRequest's answers while the background starts. Until the saved state is read, a request waits for
 * it rather than guess: guessing "off" could send a request direct that the user wanted proxied. Once start-up has
 * settled, whether it worked or not, every answer is given synchronously, so the hot path never waits on a promise.
 *
 * Not in routing/, which stays free of promises and of time.
 */
export function gateUntil<Request, Answer>(
  ready: Promise<unknown>,
  answer: (request: Request) => Answer,
): (request: Request) => Answer | Promise<Answer> {
  let open = false;
  const opened = ready.then(
    () => {
      open = true;
    },
    () => {
      // A failed start-up still answers: with the routing it has, rather than holding every request forever.
      open = true;
    },
  );
  return (request) => (open ? answer(request) : opened.then(() => answer(request)));
}
