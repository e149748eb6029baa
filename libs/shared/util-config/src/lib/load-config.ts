import { cleanEnv, EnvMissingError, type ReporterOptions } from 'envalid';

/** Thrown when the environment does not satisfy an app's config spec; the message is one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Formats every invalid or missing variable into one line that names each of them. */
export function describeConfigErrors(errors: Partial<Record<string, Error>>): string {
  const parts = Object.entries(errors).map(([key, error]) => {
    const reason = error?.message?.trim();
    if (error instanceof EnvMissingError || !reason || reason === 'undefined') return `${key} is missing`;
    return `${key} ${reason.replace(/^Invalid \w+ input: /, 'is invalid: ')}`;
  });
  return `Invalid configuration: ${parts.join('; ')}`;
}

/**
 * Validates `env` against an envalid spec and returns the typed, frozen config. Empty values
 * count as unset.
 * Throws {@link ConfigError} instead of envalid's default (multi-line report + process.exit),
 * so the caller decides how to stop and tests can assert on the message.
 */
export function loadConfig<S extends object>(spec: S, env: NodeJS.ProcessEnv = process.env) {
  // `NAME=` (as in a copied .env.example) means unset: the default applies, or it is missing.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return cleanEnv(given, spec, {
    reporter: ({ errors }: ReporterOptions<S>) => {
      if (Object.keys(errors).length > 0) throw new ConfigError(describeConfigErrors(errors));
    },
  });
}
