/**
 * The words filmmakers type for a node type when they do not know its title here (ComfyUI, Flora
 * and Weavy name things differently), by node type. A word found here ranks below a title match and
 * above a match in a description.
 */
export const nodeTypeSynonyms: Readonly<Record<string, readonly string[]>> = {
  'image-input': ['load image', 'upload', 'still', 'photo', 'picture', 'import image'],
  'video-input': ['load video', 'upload', 'footage', 'import clip', 'video'],
  'audio-input': ['load audio', 'upload', 'audio file', 'import sound', 'wav', 'mp3'],
  text: ['note', 'script', 'string'],
  prompt: ['shot description', 'text to video', 'describe'],
  character: ['actor', 'cast', 'consistent character', 'face'],
  'reference-image': ['style frame', 'image to video', 'ref'],
  'generate-image': ['text to image', 'flux', 'still', 'storyboard frame', 'txt2img'],
  'generate-video': ['text to video', 'image to video', 'shot', 'runway', 'veo', 'kling', 'luma', 'img2vid'],
  'take-picker': ['choose take', 'select', 'takes', 'review', 'circle take'],
  'frame-grab': ['still', 'last frame', 'screenshot', 'thumbnail'],
  'color-grade': ['lut', 'cube', 'colour', 'look', 'grading'],
  'image-adjust': ['exposure', 'contrast', 'brightness', 'saturation', 'colour correct'],
  upscale: ['4k', 'uhd', 'esrgan', 'topaz', 'super resolution', 'enhance', 'resize', 'hd'],
  'extract-audio': ['audio from video', 'extract audio', 'strip audio', 'demux'],
  'replace-audio': ['replace audio', 'dub', 'lay sound', 'swap audio', 'mux'],
  mix: ['audio mix', 'loudness', 'lufs', 'levels', 'ducking', 'master'],
  music: ['score', 'soundtrack', 'song'],
  speech: ['lip sync', 'dialogue', 'voice', 'voice over', 'tts', 'text to speech', 'narration'],
  'sound-effect': ['sfx', 'foley', 'ambience'],
  trim: ['cut', 'in point', 'out point', 'shorten', 'clip length'],
  sequence: ['edit', 'timeline', 'assemble', 'concat', 'edl', 'conform'],
  preview: ['viewer', 'watch', 'play', 'monitor'],
  export: ['render', 'save video', 'deliver', 'output', 'mp4', 'encode', 'write file'],
  'export-stems': ['stems', 'audio export', 'deliver sound'],
}

/** The same for the actions, by action name. */
export const actionSynonyms: Readonly<Record<string, readonly string[]>> = {
  run: ['render', 'queue', 'generate', 'execute', 'go'],
  'run-to-here': ['render to here', 'run node', 'execute node'],
  'new-pipeline': ['new', 'blank', 'new document', 'new project', 'new workflow'],
  'open-pipelines': ['open', 'load', 'library', 'projects', 'workflows', 'rename pipeline'],
  'save-as-template': ['save', 'template', 'save template'],
  export: ['save', 'save file', 'download', 'export json', 'save workflow'],
  'export-bundle': ['save', 'bundle', 'export with media', 'archive', 'zip', 'send'],
  import: ['load', 'open file', 'load workflow', 'load file'],
  'copy-share-link': ['share', 'link', 'url', 'send'],
  'open-provider-keys': ['api key', 'keys', 'token', 'credentials', 'settings'],
  'open-storage': ['cache', 'disk', 'space', 'clear cache', 'storage'],
  'toggle-theme': ['dark mode', 'light mode', 'theme'],
  'open-dailies': ['review takes', 'selects', 'rushes', 'circle takes', 'screening'],
  'toggle-preview': ['viewer', 'monitor', 'dock'],
  'show-run-history': ['runs', 'history of runs', 'spend'],
  'show-log': ['log', 'messages', 'console', 'warnings', 'output'],
  'open-history': ['versions', 'restore', 'revert'],
  'show-shortcuts': ['keys', 'keyboard', 'hotkeys', 'help'],
  'frame-selection': ['fit view', 'zoom to fit', 'frame all', 'center'],
  'add-note': ['comment', 'sticky', 'annotation'],
  'group-selection': ['frame', 'box', 'group'],
  'delete-selection': ['remove', 'erase'],
}
