"""Three-point lighting, the same for the window and for exports, computed per vertex.

VTK lights every pixel (Phong): under software GL (llvmpipe) the three lights' diffuse and
specular terms were about half of a full-window frame. The brain's surfaces are smooth and finely
meshed (triangles of a few millimetres), so the scene lights them per vertex (Gouraud) with the same
lights and the same formula as VTK's own shader, through shader replacements. The vertex shader
also applies the surface colour and the material, so one colour (a vec4) is interpolated instead
of the light terms and the colour apart (ten floats): software GL sets up and interpolates every
varying of every small triangle (interleaved A/B, default view at 1280x800: 21.8 -> 17.7 ms, the
same image; on the opaque cortex, whose colour varies per vertex, 0.01 % of pixels differ by more
than 8 levels). `vertex_lighting` applies to actors that are lit, cull their back faces and keep
lighting on (an unlit actor must not carry it).
"""

from __future__ import annotations

import pyvista as pv

# Camera-relative positions (the camera looks down -z from +z): key from the upper left, a soft
# fill from the lower right, and a rim light from behind that outlines the brain's edge.
LIGHTS = (
    ((-0.6, 0.8, 1.0), 0.95),
    ((0.9, -0.4, 0.8), 0.40),
    ((0.2, 0.8, -1.0), 0.45),
)
_VS_LIGHT_TERM = """  df = max(0.0, dot(n, -lightDirectionVC{i}));
  litDiffuse += df * lightColor{i};
  sf = sign(df) * pow(max(1e-5, dot(reflect(lightDirectionVC{i}, n), v)), specularPowerUniform);
  litSpecular += sf * lightColor{i};"""


def setup_lighting(plotter: pv.BasePlotter) -> None:
    """Key, fill and rim camera lights and plain alpha blending; no FXAA (see `antialias`)."""
    renderer = plotter.renderer
    renderer.RemoveAllLights()
    for position, intensity in LIGHTS:
        renderer.AddLight(pv.Light(position=position, focal_point=(0.0, 0.0, 0.0), light_type="camera light",
                                   intensity=intensity))
    renderer.SetUseOIT(False)
    antialias(renderer, False)


def antialias(renderer, on: bool) -> None:
    """Smooth the edges of the next frames with VTK's FXAA (on), or draw them plain (off).

    The window's switch for anti-aliasing (exports: see below). Under software GL
    (llvmpipe, 1280x800) FXAA adds about 90 ms of CPU to a ~50 ms frame whatever its options
    (fewer endpoint searches changed nothing measurable; 4x MSAA added ~160 ms), so the window
    draws it only as one still frame once the view has come to rest (explorer/qt/still_frame.py).
    Exports leave it off and use MSAA instead (explorer/render/export.py MSAA_SAMPLES): VTK 9.7's FXAA
    gives an all-black image in a multisampled window, such as pyvista's default off-screen one (with
    multisamples 0 it does draw off-screen under EGL; MSAA stays: it samples the geometry itself, where FXAA
    guesses edges from the finished image).
    """
    renderer.SetUseFXAA(on)


def _vertex_shader(per_vertex_colors: bool) -> tuple[str, str]:
    """Declarations and code for the vertex shader: VTK's diffuse and specular terms for each light,
    applied to the surface's colour (its scalars, or the actor's colour) and material."""
    uniforms = "\n".join(f"uniform vec3 lightColor{i};\nuniform vec3 lightDirectionVC{i};" for i in range(len(LIGHTS)))
    material = ("uniform float specularPowerUniform;\nuniform float ambientIntensity;\n"
                "uniform float diffuseIntensity;\nuniform float specularIntensity;\n"
                "uniform vec3 specularColorUniform;\nuniform float opacityUniform;\n")
    if per_vertex_colors:  # VTK's `in vec4 scalarColor` (0..1)
        base = "  vec3 ambientBase = scalarColor.rgb;\n  vec3 diffuseBase = scalarColor.rgb;\n" \
               "  float alpha = opacityUniform * scalarColor.a;\n"
    else:
        material += "uniform vec3 ambientColorUniform;\nuniform vec3 diffuseColorUniform;\n"
        base = "  vec3 ambientBase = ambientColorUniform;\n  vec3 diffuseBase = diffuseColorUniform;\n" \
               "  float alpha = opacityUniform;\n"
    declarations = f"//VTK::Light::Dec\n{uniforms}\n{material}out vec4 litColorVSOutput;\n"
    terms = "\n".join(_VS_LIGHT_TERM.format(i=i) for i in range(len(LIGHTS)))
    code = ("//VTK::Light::Impl\n  vec3 n = normalize(normalVCVSOutput);\n"
            "  vec3 v = normalize(-vertexVCVSOutput.xyz);\n  float df;\n  float sf;\n"
            "  vec3 litDiffuse = vec3(0.0);\n  vec3 litSpecular = vec3(0.0);\n" + terms + "\n" + base +
            "  litColorVSOutput = vec4(ambientIntensity * ambientBase + litDiffuse * (diffuseIntensity * diffuseBase)"
            " + litSpecular * (specularIntensity * specularColorUniform), alpha);\n")
    return declarations, code


def vertex_lighting(actor: pv.Actor, *, per_vertex_colors: bool, opaque: bool = False) -> None:
    """Light this actor per vertex with the scene's lights (see the module docstring).

    Its mesh needs point normals; smooth (Gouraud) interpolation makes VTK pass them to the shaders.
    `per_vertex_colors` says whether it is coloured by its scalars (direct RGB(A) colours) or by the
    actor's colour: the shader reads one or the other.
    """
    actor.prop.interpolation = "gouraud"
    declarations, code = _vertex_shader(per_vertex_colors)
    shaders = actor.GetShaderProperty()
    shaders.ClearAllShaderReplacements()
    shaders.AddVertexShaderReplacement("//VTK::Light::Dec", True, declarations, False)
    shaders.AddVertexShaderReplacement("//VTK::Light::Impl", True, code, False)
    shaders.AddFragmentShaderReplacement("//VTK::Light::Dec", True, "//VTK::Light::Dec\nin vec4 litColorVSOutput;\n",
                                         False)
    shaders.AddFragmentShaderReplacement("//VTK::Normal::Impl", True, "", False)  # no per-pixel normal
    shaders.AddFragmentShaderReplacement("//VTK::Color::Impl", True, "", False)  # the colour came from the vertex
    set_opaque(actor, opaque)


def set_opaque(actor: pv.Actor, opaque: bool) -> None:
    """Write alpha 1 (an opaque surface) or the actor's opacity, for an actor lit by `vertex_lighting`.

    VTK's fragment shader discards fragments whose alpha is 0, and a shader that may discard makes
    llvmpipe test depth only after shading, so it shades every hidden fragment too. With a constant
    alpha of 1 the compiler drops the discard and depth is tested first (interleaved A/B: about 1-2 ms
    of a 1280x800 frame). Surfaces drawn opaque here have opacity 1 anyway; the image is the same.
    """
    alpha = "1.0" if opaque else "litColorVSOutput.a"
    actor.GetShaderProperty().AddFragmentShaderReplacement(
        "//VTK::Light::Impl", True, f"fragOutput0 = vec4(litColorVSOutput.rgb, {alpha});", False)
