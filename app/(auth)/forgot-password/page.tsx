import { ForgotPasswordForm } from "@/components/auth/password-reset";
export const metadata = { title: "Reset password" };
export default function Page() {
  return <ForgotPasswordForm />;
}
