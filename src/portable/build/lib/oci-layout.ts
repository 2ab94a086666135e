// An OCI image layout (FROM scratch, one layer holding /opt/graceful-init) per architecture,
// under one image index: what users COPY --from=, made without a container daemon.
// https://github.com/opencontainers/image-spec/blob/main/image-layout.md
import { createHash } from 'node:crypto'
import { linkSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const

/** An OCI content descriptor. */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
}

/** One architecture's image: its layer (a tarball from tarGzip) and the platform's architecture. */
export interface ImageLayer {
  arch: string
  layer: { path: string, diffId: string, digest: string, size: number }
}

/** Stores a JSON blob and returns its descriptor. */
function putJson(layout: string, mediaType: string, value: unknown): Descriptor {
  const bytes = Buffer.from(JSON.stringify(value))
  const hex = createHash('sha256').update(bytes).digest('hex')
  writeFileSync(join(layout, 'blobs/sha256', hex), bytes)
  return { mediaType, digest: `sha256:${hex}`, size: bytes.length }
}

/**
 * Writes the layout at `layout`: `images` is [{ arch, layer: { path, diffId, digest, size } }];
 * the layer files are hard-linked into blobs/. The index is tagged `version`.
 */
export function writeOciLayout(layout: string, version: string, images: readonly ImageLayer[]): void {
  mkdirSync(join(layout, 'blobs/sha256'), { recursive: true })
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const manifests = images.map(({ arch, layer }) => {
    linkSync(layer.path, join(layout, 'blobs/sha256', layer.digest.slice('sha256:'.length)))
    const config = putJson(layout, MEDIA.config, {
      architecture: arch,
      os: 'linux',
      config: { Entrypoint: ['/opt/graceful-init/bin/graceful-init'] },
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created_by: 'graceful-init npm run dist', comment: 'FROM scratch: /opt/graceful-init' }],
    })
    const manifest = putJson(layout, MEDIA.manifest, {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config,
      layers: [{ mediaType: MEDIA.layer, digest: layer.digest, size: layer.size }],
    })
    return { ...manifest, platform: { architecture: arch, os: 'linux' } }
  })
  const index = putJson(layout, MEDIA.index, { schemaVersion: 2, mediaType: MEDIA.index, manifests })
  writeFileSync(join(layout, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA.index,
    manifests: [{ ...index, annotations: { 'org.opencontainers.image.ref.name': version } }],
  }, null, 2))
}
