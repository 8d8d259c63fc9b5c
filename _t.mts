import { validateSpec } from './src/lib/spec/index.ts';
import { pipeline, edited } from './src/lib/spec/testing.ts';
console.log(validateSpec(edited(pipeline(), (s) => (s.variables['bad-name'] = 'x'))));
