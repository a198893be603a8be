"""TOTP devices: creating one, drawing its QR code locally, checking a code."""

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice

from .rules import base32_key

DEVICE_NAME = "Autentiseringsapp"


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed device, made on first use (its secret is kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def display_key(device: TOTPDevice) -> str:
    """The secret for typing into an app: Base32 in blocks of four (apps refuse hex)."""
    return base32_key(device.bin_key)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, drawn here (nothing is fetched)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def verify(user, token: str, *, confirming: bool) -> TOTPDevice | None:
    token = "".join(token.split())
    if not token.isdigit():
        return None
    devices = TOTPDevice.objects.filter(user=user, confirmed=not confirming)
    for device in devices:
        if device.verify_token(token):
            if confirming:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            return device
    return None
