'use strict';
/**
 * The two build flavours. `privileged` needs Mozilla's privileged signing (or a profile with
 * extensions.experiments.enabled) and can send telemetry; `standard` drops the privileged permissions so any
 * Firefox installs it, and its events stay in memory for the inspector.
 */
const PRIVILEGED_ONLY_PERMISSIONS = ['telemetry', 'mozillaAddons'];

const FLAVOURS = {
  privileged: { outputDir: 'dist' },
  standard: { outputDir: 'dist-standard' },
};

function flavourNamed(name) {
  const flavour = FLAVOURS[name ?? 'privileged'];
  if (!flavour) throw new Error(`unknown build flavour "${name}"; use one of ${Object.keys(FLAVOURS).join(', ')}`);
  return { name: name ?? 'privileged', ...flavour };
}

/** The manifest for a flavour, with the version taken from package.json so there is one place to bump it. */
function manifestFor(flavourName, sourceManifest, version) {
  const manifest = { ...sourceManifest, version };
  if (flavourName === 'standard') {
    manifest.permissions = sourceManifest.permissions.filter((p) => !PRIVILEGED_ONLY_PERMISSIONS.includes(p));
  }
  return manifest;
}

module.exports = { FLAVOURS, PRIVILEGED_ONLY_PERMISSIONS, flavourNamed, manifestFor };
