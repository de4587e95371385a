import { mapFrameToB } from "./compare-mode";

/**
 * |A − B| per pixel of two decoded video frames, drawn into a canvas the size of A's picture: an
 * unchanged frame is black, a change lights up by how much it changed. WebGL (both frames uploaded
 * as textures, one fragment shader); where WebGL is unavailable, a 2D canvas and getImageData with
 * the same arithmetic on the CPU. B is scaled to A's picture when their sizes differ.
 *
 * It draws only pairs that belong together: `startDifferenceLoop` watches both videos'
 * presentations (requestVideoFrameCallback) and renders when A's frame and B's frame are the same
 * frame number (or B holds its last frame past its end), so a difference of two unrelated frames —
 * one side mid-seek — is never shown.
 */

export type DifferenceBackend = "webgl" | "2d";

export const DIFFERENCE_VERTEX_SHADER = `
attribute vec2 a_position;
varying vec2 v_texCoord;
void main() {
  // Clip space −1…1 to texture space 0…1; textures are uploaded with UNPACK_FLIP_Y so row 0 is the top.
  v_texCoord = (a_position + 1.0) * 0.5;
  gl_Position = vec4(a_position, 0.0, 1.0);
}
`;

export const DIFFERENCE_FRAGMENT_SHADER = `
precision mediump float;
uniform sampler2D u_frameA;
uniform sampler2D u_frameB;
varying vec2 v_texCoord;
void main() {
  vec3 a = texture2D(u_frameA, v_texCoord).rgb;
  vec3 b = texture2D(u_frameB, v_texCoord).rgb;
  gl_FragColor = vec4(abs(a - b), 1.0);
}
`;

/** The names the renderer binds; the unit test checks the shaders declare them. */
export const SHADER_BINDINGS = { position: "a_position", frameA: "u_frameA", frameB: "u_frameB" } as const;

/** Two triangles covering clip space (a strip: bottom-left, bottom-right, top-left, top-right). */
export const FULL_SCREEN_QUAD = new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]);

/**
 * The CPU fallback's arithmetic on RGBA arrays (ImageData.data): out = |a − b| per colour channel,
 * alpha opaque. `out` may be `a` itself. Arrays must be the same length, a multiple of 4.
 */
export function absoluteDifference(a: Uint8ClampedArray, b: Uint8ClampedArray, out: Uint8ClampedArray): void {
  if (a.length !== b.length || a.length !== out.length || a.length % 4 !== 0) {
    throw new RangeError(
      `absoluteDifference: RGBA arrays of one size expected (${a.length}, ${b.length}, ${out.length})`,
    );
  }
  for (let i = 0; i < a.length; i += 4) {
    out[i] = Math.abs(a[i]! - b[i]!);
    out[i + 1] = Math.abs(a[i + 1]! - b[i + 1]!);
    out[i + 2] = Math.abs(a[i + 2]! - b[i + 2]!);
    out[i + 3] = 255;
  }
}

export interface DifferenceRenderer {
  readonly backend: DifferenceBackend;
  /** Draws |A − B| of the frames the two videos show now; false when either has no picture yet. */
  render(a: HTMLVideoElement, b: HTMLVideoElement): boolean;
  dispose(): void;
}

/**
 * A renderer on `canvas` (WebGL when the browser gives a context, else 2D). A canvas keeps the kind
 * of its first context, so `prefer: "2d"` must be decided before anything else touched it.
 */
export function createDifferenceRenderer(
  canvas: HTMLCanvasElement,
  options: { prefer?: DifferenceBackend } = {},
): DifferenceRenderer | null {
  if (options.prefer !== "2d") {
    const gl = canvas.getContext("webgl", { preserveDrawingBuffer: true, premultipliedAlpha: false, antialias: false });
    if (gl) {
      const renderer = createWebGlRenderer(canvas, gl);
      if (renderer) return renderer;
    }
  }
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  return ctx ? createCanvas2dRenderer(canvas, ctx) : null;
}

/**
 * Not readyState: inside a requestVideoFrameCallback right after a seek it can still say
 * HAVE_METADATA while the presented frame is there to draw.
 */
function hasPicture(video: HTMLVideoElement): boolean {
  return video.videoWidth > 0 && video.videoHeight > 0;
}

/** Sizes the canvas to A's picture (a no-op when it already is: resizing clears it). */
function sizeToPicture(canvas: HTMLCanvasElement, a: HTMLVideoElement): void {
  if (canvas.width !== a.videoWidth) canvas.width = a.videoWidth;
  if (canvas.height !== a.videoHeight) canvas.height = a.videoHeight;
}

function createCanvas2dRenderer(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): DifferenceRenderer {
  return {
    backend: "2d",
    render(a, b) {
      if (!hasPicture(a) || !hasPicture(b)) return false;
      sizeToPicture(canvas, a);
      const { width, height } = canvas;
      ctx.drawImage(a, 0, 0, width, height);
      const frameA = ctx.getImageData(0, 0, width, height);
      ctx.drawImage(b, 0, 0, width, height);
      const frameB = ctx.getImageData(0, 0, width, height);
      absoluteDifference(frameA.data, frameB.data, frameA.data);
      ctx.putImageData(frameA, 0, 0);
      return true;
    },
    dispose() {},
  };
}

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader | null {
  const shader = gl.createShader(type);
  if (!shader) return null;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (gl.getShaderParameter(shader, gl.COMPILE_STATUS)) return shader;
  gl.deleteShader(shader);
  return null;
}

function createTexture(gl: WebGLRenderingContext, unit: number): WebGLTexture | null {
  const texture = gl.createTexture();
  if (!texture) return null;
  gl.activeTexture(gl.TEXTURE0 + unit);
  gl.bindTexture(gl.TEXTURE_2D, texture);
  // Video frames are rarely powers of two: no mipmaps, clamped edges. NEAREST keeps pixels exact
  // when the canvas is A's size.
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  return texture;
}

/** null when the shaders do not compile or link (the caller then cannot use this canvas for 2D either). */
function createWebGlRenderer(canvas: HTMLCanvasElement, gl: WebGLRenderingContext): DifferenceRenderer | null {
  const vertex = compile(gl, gl.VERTEX_SHADER, DIFFERENCE_VERTEX_SHADER);
  const fragment = compile(gl, gl.FRAGMENT_SHADER, DIFFERENCE_FRAGMENT_SHADER);
  const program = gl.createProgram();
  if (!vertex || !fragment || !program) return null;
  gl.attachShader(program, vertex);
  gl.attachShader(program, fragment);
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) return null;
  // biome-ignore lint/correctness/useHookAtTopLevel: WebGL's useProgram, not a React hook.
  gl.useProgram(program);

  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, FULL_SCREEN_QUAD, gl.STATIC_DRAW);
  const position = gl.getAttribLocation(program, SHADER_BINDINGS.position);
  gl.enableVertexAttribArray(position);
  gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);

  const textureA = createTexture(gl, 0);
  const textureB = createTexture(gl, 1);
  if (!textureA || !textureB) return null;
  gl.uniform1i(gl.getUniformLocation(program, SHADER_BINDINGS.frameA), 0);
  gl.uniform1i(gl.getUniformLocation(program, SHADER_BINDINGS.frameB), 1);
  gl.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, true);

  const upload = (unit: number, texture: WebGLTexture, video: HTMLVideoElement) => {
    gl.activeTexture(gl.TEXTURE0 + unit);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, video);
  };

  return {
    backend: "webgl",
    render(a, b) {
      if (!hasPicture(a) || !hasPicture(b) || gl.isContextLost()) return false;
      sizeToPicture(canvas, a);
      gl.viewport(0, 0, canvas.width, canvas.height);
      upload(0, textureA, a);
      upload(1, textureB, b);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      return true;
    },
    dispose() {
      gl.deleteTexture(textureA);
      gl.deleteTexture(textureB);
      gl.deleteBuffer(buffer);
      gl.deleteProgram(program);
      gl.deleteShader(vertex);
      gl.deleteShader(fragment);
    },
  };
}

/**
 * Whether A's frame and B's frame belong together: the same number, or B on its last frame while A
 * is past it. −1 (nothing presented yet) never pairs.
 */
export function isMatchingPair(frameA: number, frameB: number, frameCountB: number): boolean {
  if (frameA < 0 || frameB < 0) return false;
  return mapFrameToB(frameA, { frameCount: frameCountB }).frameB === frameB;
}

/** What the loop needs of a <video> (a fake in unit tests). */
export interface PresentingVideo {
  requestVideoFrameCallback(callback: VideoFrameRequestCallback): number;
  cancelVideoFrameCallback(handle: number): void;
}

/** About a second of animation frames: enough for a picture that is still being attached. */
const MAX_DRAW_RETRIES = 60;

/** One side of the loop: its video and how a presented media time becomes a frame number. */
export interface DifferenceSide<V extends PresentingVideo = HTMLVideoElement> {
  video: V;
  /** The frame presented at requestVideoFrameCallback's `mediaTime` (FrameClock's arithmetic). */
  frameAt: (mediaTime: number) => number;
  /** The frame on screen now (FrameClock.frame), for the first render before any presentation. */
  frameNow: number;
  frameCount: number;
}

/**
 * Renders once per presented pair: a requestVideoFrameCallback on each video records its frame and
 * draws when the two match (isMatchingPair) and differ from the pair drawn last. Returns the stop
 * function. `onRender` gets the pair drawn (for the stage's data attributes).
 */
export function startDifferenceLoop<V extends PresentingVideo>(params: {
  a: DifferenceSide<V>;
  b: DifferenceSide<V>;
  renderer: { render(a: V, b: V): boolean };
  onRender: (frameA: number, frameB: number) => void;
  /**
   * Runs a failed draw again (default: next animation frame). Paused, no further presentation
   * would come to retry it, and the canvas would keep showing the previous pair.
   */
  scheduleRetry?: (retry: () => void) => void;
}): () => void {
  const { a, b, renderer } = params;
  const scheduleRetry = params.scheduleRetry ?? ((retry: () => void) => void requestAnimationFrame(retry));
  let retries = 0;
  let frameA = a.frameNow;
  let frameB = b.frameNow;
  let drawn: string | null = null;
  let stopped = false;
  const ids: { a: number | null; b: number | null } = { a: null, b: null };

  const drawIfPaired = () => {
    if (!isMatchingPair(frameA, frameB, b.frameCount)) return;
    const key = `${frameA}:${frameB}`;
    if (key === drawn) return;
    if (renderer.render(a.video, b.video)) {
      drawn = key;
      retries = 0;
      params.onRender(frameA, frameB);
    } else if (retries < MAX_DRAW_RETRIES) {
      retries += 1;
      scheduleRetry(() => {
        if (!stopped) drawIfPaired();
      });
    }
  };
  const watch = (side: "a" | "b") => {
    if (stopped) return;
    const source = side === "a" ? a : b;
    ids[side] = source.video.requestVideoFrameCallback((_now, metadata) => {
      if (side === "a") frameA = a.frameAt(metadata.mediaTime);
      else frameB = b.frameAt(metadata.mediaTime);
      drawIfPaired();
      watch(side);
    });
  };

  drawIfPaired();
  watch("a");
  watch("b");
  return () => {
    stopped = true;
    if (ids.a !== null) a.video.cancelVideoFrameCallback(ids.a);
    if (ids.b !== null) b.video.cancelVideoFrameCallback(ids.b);
  };
}
