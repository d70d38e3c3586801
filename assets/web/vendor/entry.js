// Entry for the vendored three.js bundle (see VERSION.md): the classes lesson.js uses, plus OrbitControls,
// bundled by esbuild into one classic script that defines the global THREE (no modules, no network).
export {
  AmbientLight, BufferAttribute, BufferGeometry, Color, DirectionalLight, FrontSide, Group, Mesh,
  MeshPhongMaterial, PerspectiveCamera, Raycaster, Scene, SRGBColorSpace, Vector2, Vector3, WebGLRenderer,
} from "three";
export { OrbitControls } from "three/addons/controls/OrbitControls.js";
