import type { ArgTypes } from '@storybook/web-components-vite';

/**
 * Arg types for manifest entries (properties set in script, or attributes the story sets itself)
 * that stay in the API table but get no control, since the story does not read them.
 */
export function noControls(...names: string[]): ArgTypes {
  return Object.fromEntries(names.map((name) => [name, { control: { disable: true } }]));
}
