const x: number = 'a'; export default x;
