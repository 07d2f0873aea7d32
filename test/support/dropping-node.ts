import net from 'node:net';

/**
 * A "node" on a loopback port that reads a request and then resets the connection without answering: the
 * request reached it and may have been acted on, so a caller must not send it again elsewhere.
 */
export async function droppingNode(): Promise<{
  url: string;
  received: () => number;
  close(): Promise<void>;
}> {
  let received = 0;
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      received += 1;
      socket.resetAndDestroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
