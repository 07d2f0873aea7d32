// The `sattzabite` command: one entry for the embedded platform, a distributed node, and operations.
import { parseArgs } from 'node:util';
import { AppError } from '../platform/errors/app-error.js';

const HELP = `sattzabite <command> [options]

Commands:
  start                   run the whole platform in this process (embedded; the default of npm start)
  serve <svc,...>         host the named services in this process (distributed mode), e.g. serve auth,users
  gateway                 the public edge in front of serve nodes: web app, API and live streams on one address
  migrate                 apply every service's pending SQL migrations and exit
  seed [--size small|large] [--restaurants N] [--seed N]
                          load the demo city (the same seed gives the same data)
  replay [orders] [search] rebuild read models from events (all by default)
  dlq list                list dead-lettered events (every hosted service)
  dlq show <id>           show one dead-lettered event with its error
  dlq redrive <id>        run the consumer again on a dead-lettered event
  help                    this text

Settings are environment variables (a .env file is read too); see README.md.`;

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command = 'help', ...rest] = positionals;
  switch (command) {
    case 'start': {
      await buildWebApp();
      const { runEmbedded } = await import('./embedded.js');
      await runEmbedded();
      return 0;
    }
    case 'serve': {
      const list = rest[0];
      if (list === undefined) {
        console.error('serve needs a comma-separated list of services, e.g. `sattzabite serve auth`');
        return 2;
      }
      const { runNode } = await import('./node.js');
      await runNode(list.split(','));
      return 0;
    }
    case 'gateway': {
      const { runGateway } = await import('./gateway-node.js');
      await runGateway();
      return 0;
    }
    case 'migrate': {
      const { runMigrate } = await import('./operations.js');
      await runMigrate();
      return 0;
    }
    case 'seed': {
      const { runSeed } = await import('./operations.js');
      return runSeed(argv.slice(argv.indexOf('seed') + 1));
    }
    case 'replay': {
      const { runReplay } = await import('./operations.js');
      return runReplay(rest);
    }
    case 'dlq': {
      const { runDlq } = await import('./operations.js');
      return runDlq(rest);
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command '${command}'.\n\n${HELP}`);
      return 2;
  }
}

/** `start` serves the web app: build it first when web/dist is missing or older than web/'s sources. */
async function buildWebApp(): Promise<void> {
  const { ensureWebBuilt } = await import('../gateway/web-build.js');
  try {
    await ensureWebBuilt({ log: (message) => console.log(message) });
  } catch (error) {
    // The API works without the UI: say why the page is missing and start anyway.
    console.error(`sattzabite: the web app could not be built, / will not serve it: ${String(error)}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    // Settings and lock errors are meant for people: print the message alone, without a stack.
    if (error instanceof AppError) console.error(`sattzabite: ${error.message}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
