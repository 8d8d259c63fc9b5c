export interface AuthFormProps {
  mode: 'login' | 'signup';
}
