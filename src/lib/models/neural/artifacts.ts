/** Save/load of fitted networks as TF.js model artifacts plus a JSON side object (scalers, options). */
import * as tf from '@tensorflow/tfjs';
import './layers';

/** A fitted network with its JSON-serialisable side object. */
export interface NeuralModel<M = unknown> {
  net: tf.LayersModel;
  meta: M;
}

/**
 * Everything needed to rebuild a model: TF.js artifacts (topology + one weight buffer, storable in
 * IndexedDB as is or written as `model.json` + `weights.bin`) and the JSON side object.
 */
export interface NeuralArtifacts<M = unknown> {
  artifacts: tf.io.ModelArtifacts;
  meta: M;
}

/** Serialises a model via `tf.io.withSaveHandler` (weights joined into a single ArrayBuffer). */
export async function toArtifacts<M>(model: NeuralModel<M>): Promise<NeuralArtifacts<M>> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.net.save(
    tf.io.withSaveHandler(async (a) => {
      saved = { ...a, weightData: a.weightData ? tf.io.CompositeArrayBuffer.join(a.weightData) : undefined };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('toArtifacts: the save handler was not called');
  return { artifacts: saved, meta: structuredClone(model.meta) };
}

/** Rebuilds a model saved by `toArtifacts` (custom layers are registered on import). */
export async function fromArtifacts<M>(saved: NeuralArtifacts<M>): Promise<NeuralModel<M>> {
  const net = await tf.loadLayersModel(tf.io.fromMemory(saved.artifacts));
  return { net, meta: structuredClone(saved.meta) };
}

/** Releases the model's weights. */
export function disposeModel(model: NeuralModel): void {
  model.net.dispose();
}
